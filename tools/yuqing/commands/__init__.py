"""One module per subcommand; each has ``run(args) -> int`` (the exit code)."""
