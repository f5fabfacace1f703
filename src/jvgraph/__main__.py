from jvgraph.cli import main

main()
