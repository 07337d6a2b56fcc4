from gpreader.cli import main

main()
