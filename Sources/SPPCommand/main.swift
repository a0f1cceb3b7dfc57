print("spp")
