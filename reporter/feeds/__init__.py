"""Feed readers: each turns one input file into validated rows, or refuses it with one line."""
