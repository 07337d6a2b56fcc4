"""What the database module knows of the migrations without importing them (nor sqlite-utils,
which only a database that needs migrating loads: it costs start-up time)."""

SCHEMA_VERSION = 15  # the number of migrations in store/migrations.py (a test checks it)
MIGRATION_SET = "gpreader"  # the name sqlite-utils records the migrations under
