"""Reading a meter's register from a photo, offline and on the CPU; no channel inside."""
