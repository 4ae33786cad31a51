"""The URL keys of the "Beyond the course" section's switches and inputs, their defaults, and the parts' labels.

Each key is the query parameter that mirrors its widget, so a copied link opens the section as it was.
"""

# One switch per part (all off), then each part's inputs; a key is the query parameter in the URL.
EXPIRY_KEY, MAINTENANCE_KEY, MEMBERSHIP_KEY, EXTRAS_KEY, FINANCE_KEY = "b_exp", "b_mnt", "b_mem", "b_ext", "b_pay"
PART_KEYS: tuple[str, ...] = (EXPIRY_KEY, MAINTENANCE_KEY, MEMBERSHIP_KEY, EXTRAS_KEY, FINANCE_KEY)
EXPIRY_MONTHS_KEY = "b_exp_m"
YEARS_KEY = "b_mnt_y"
FEE_KEY, INCLUDED_KEY, MEMBER_PRICE_KEY, DISCOUNT_KEY, TERM_KEY, CREDIT_KEY = (
    "b_fee",
    "b_incl",
    "b_mprice",
    "b_mdisc",
    "b_mterm",
    "b_credit",
)
# Paying over time: instalment months and APR, the promotion's months and standard APR, the required minimum
# payment and the patient's own payment. Their defaults are the region's own plan (regions table), so they are
# forgotten when the region changes (FINANCE_REGION_KEY remembers the region they were set for).
MONTHS_KEY, APR_KEY, PROMO_KEY, PROMO_APR_KEY, MIN_PAYMENT_KEY, PAYMENT_KEY = (
    "b_n",
    "b_apr",
    "b_promo",
    "b_promo_apr",
    "b_minpay",
    "b_pay_amt",
)
FINANCE_INPUT_KEYS: tuple[str, ...] = (MONTHS_KEY, APR_KEY, PROMO_KEY, PROMO_APR_KEY, MIN_PAYMENT_KEY, PAYMENT_KEY)
FINANCE_REGION_KEY = "_b_pay_region"
OPENED_KEY = "_beyond_opened"  # once a part was on in this session, the expander starts open

PARTS: tuple[tuple[str, str, str], ...] = (
    (EXPIRY_KEY, "Package expiry", "Sessions a package's expiry puts at risk, and sessions bought but not needed."),
    (MAINTENANCE_KEY, "Maintenance", "The course plus maintenance sessions over 1, 3 and 5 years."),
    (
        MEMBERSHIP_KEY,
        "Membership",
        "A clinic membership (monthly fee, included sessions, member price) against paying per course.",
    ),
    (
        EXTRAS_KEY,
        "Extras and tax",
        "What the region's clinics charge beyond the session (numbing, aftercare, consultation) and whether its "
        "prices include tax.",
    ),
    (
        FINANCE_KEY,
        "Paying over time",
        "The region's own kind of plan (instalments, a US-style 0 % promotion with deferred interest, or none).",
    ),
)
