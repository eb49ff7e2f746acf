{
  "targets": [
    {
      "target_name": "sockscope_native",
      "sources": [
        "addon.c",
        "fd-scan.c",
        "sock-diag.c",
        "sock-diag-io.c",
        "sock-diag-ahead.c",
        "process-signal.c",
        "sock-destroy.c"
      ],
      "defines": ["NAPI_VERSION=8", "_GNU_SOURCE"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-std=gnu11", "-pthread"],
      "ldflags": ["-pthread"]
    },
    {
      "target_name": "sockscope-kill-helper",
      "type": "executable",
      "sources": ["../../../processes/kill-helper/sockscope-kill-helper.c"],
      "defines": ["_GNU_SOURCE", "_FORTIFY_SOURCE=2"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-std=gnu11", "-fstack-protector-strong", "-fPIE"],
      "ldflags": ["-pie", "-Wl,-z,relro,-z,now"]
    }
  ]
}
