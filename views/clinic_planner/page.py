"""Clinic planner: what a session really costs, what to charge, when a device pays for itself, per device."""

from views.clinic_planner.layout import render

render()
