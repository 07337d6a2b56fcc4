"""The corpus: finding and decoding files (files), their structure as spans (structure), and
bringing the database up to date with the folder (sync)."""
