// The ControlPlane module; see DESIGN §2.
