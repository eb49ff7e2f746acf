{
  "targets": [
    {
      "target_name": "sockscope_native",
      "sources": ["addon.c", "fd-scan.c", "sock-diag.c"],
      "defines": ["NAPI_VERSION=8", "_GNU_SOURCE"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-std=gnu11"]
    }
  ]
}
