"""The lowest layer of Guanai: what every app may use and that knows no app (service errors and how
forms show them). Imports Django and nothing of guanai. See docs/architecture.md, "Layers"."""
