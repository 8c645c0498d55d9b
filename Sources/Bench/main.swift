print("flinkcloud-bench: no benchmarks yet")
