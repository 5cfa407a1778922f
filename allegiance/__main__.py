from allegiance.serve.cli import main

main()
