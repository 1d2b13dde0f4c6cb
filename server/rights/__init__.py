"""Server layer: data rights under UU PDP — export of everything held, account deletion."""
