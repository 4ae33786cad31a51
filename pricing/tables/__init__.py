"""The data wing: the nine tables' schema (`schema`), their checks (`validation`) and loading them (`loading`)."""
