print("confluent: not yet wired")
