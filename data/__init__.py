"""The policy data, shipped inside the package as `jzai_cli.data`."""
