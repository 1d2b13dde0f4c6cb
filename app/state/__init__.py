"""State layer: observable stores and session actions; plain Python, no controls inside."""
