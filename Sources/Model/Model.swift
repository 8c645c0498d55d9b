// The Model module; see DESIGN §2.
