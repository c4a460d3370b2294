"""Pure core: values, rules and errors. Imports the standard library only."""
