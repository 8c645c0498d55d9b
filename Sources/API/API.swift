// The API module; see DESIGN §2.
