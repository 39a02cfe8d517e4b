from axiswatch.interfaces.cli import main

main()
