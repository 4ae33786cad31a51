"""The patient wing: a course (packages, totals, spend over time), how sure it is (Monte Carlo), package terms,
memberships, maintenance and paying over time. Never imports the clinic wing."""
