{
  "targets": [
    {
      "target_name": "sockscope_native",
      "sources": ["addon.c", "fd-scan.c", "sock-diag.c", "sock-diag-io.c", "sock-diag-ahead.c"],
      "defines": ["NAPI_VERSION=8", "_GNU_SOURCE"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-std=gnu11", "-pthread"],
      "ldflags": ["-pthread"]
    }
  ]
}
