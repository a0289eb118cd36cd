print("weightlab")
