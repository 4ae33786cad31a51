"""The "Real-world payback" page: when the chosen devices pay back at the volume that really comes, and a menu."""
