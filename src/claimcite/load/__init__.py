"""The only package that reads the user's files (DESIGN §5's `read`): `load.read` finds the
inputs of a check and reads each into format-neutral values by its format's reader (the table
in `load.formats`). It decides nothing and knows no settings. Importing the package imports
none of its modules: `rules` uses the pure helpers `load.names` and `load.tex` alone, and the
command line's help the table of formats (`load.formats`), which imports no reader."""
