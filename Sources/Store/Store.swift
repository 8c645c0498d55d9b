// The Store module; see DESIGN §2.
