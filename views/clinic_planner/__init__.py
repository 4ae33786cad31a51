"""The "Clinic planner" page: what a session really costs, what to charge, when a device pays for itself."""
