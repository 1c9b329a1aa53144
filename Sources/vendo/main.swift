print("vendo")
