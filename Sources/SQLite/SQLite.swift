// The SQLite module; see DESIGN §2.
