"""Open data: the consolidated figures as tidy tables (CSV, xlsx, Parquet) and a Frictionless Data Package."""
