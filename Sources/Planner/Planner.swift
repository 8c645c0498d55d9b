// The Planner module; see DESIGN §2.
