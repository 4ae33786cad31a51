"""The "Regions" page: one option in every region, in one currency."""
