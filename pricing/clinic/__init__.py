"""The clinic wing: a device's economics, its financing, the month-by-month projection, tax, suggested menu and
menu economics, the sensitivity tornado and the cases a page compares. Never imports the patient wing."""
