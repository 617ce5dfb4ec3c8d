"""What citizens tell the administration: ratings of the service they got, feedback and petitions (PAKN)."""
