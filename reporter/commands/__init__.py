"""One module per command, each importing its heavy dependencies inside the command."""
