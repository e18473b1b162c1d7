"""bwmo: regional information system for Beschermd Wonen and Maatschappelijke Opvang."""
