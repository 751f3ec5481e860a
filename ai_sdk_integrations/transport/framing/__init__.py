"""Sans-I/O framers: response bytes in, events out (``feed`` / ``finish``), the same
events however the network cut the bytes."""
