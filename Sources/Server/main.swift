print("flinkcloud: not yet wired")
