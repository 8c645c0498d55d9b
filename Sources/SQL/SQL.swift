// The SQL module; see DESIGN §2.
