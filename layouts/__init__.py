"""Component builders. They arrange what they are given and never query anything."""
