"""The app: its factory, settings, login, filters, figure builders and the command line."""
