"""The `xlkpi` command line (see docs/cli.md); `main` is the console script's entry point."""
