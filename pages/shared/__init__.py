"""What every screen shares."""
