/* The addon's parts: each adds its functions to the module's exports. */
#ifndef SOCKSCOPE_ADDON_H
#define SOCKSCOPE_ADDON_H

#include <stdbool.h>

#include <node_api.h>

/* Sets exports.NAME to a function calling `callback`; returns napi_ok or the failure. */
napi_status export_function(napi_env env, napi_value exports, const char *name, napi_callback callback);
/* Throws a TypeError with `message`; returns NULL for the callback to return. */
napi_value throw_type_error(napi_env env, const char *message);
/* Whether `value` is a typed array of `type`; if so, its element count and data. */
bool typed_array_argument(napi_env env, napi_value value, napi_typedarray_type type, size_t *length,
                          void **data);
/* Argument `value` as a uint32 within [min, max], or false with a TypeError (`message`) pending. */
bool uint32_argument(napi_env env, napi_value value, uint32_t min, uint32_t max, const char *message,
                     uint32_t *out);
/* An int32 as a JavaScript number, or NULL (an exception is pending). */
napi_value int32_value(napi_env env, int32_t value);

napi_status register_fd_scan(napi_env env, napi_value exports);
napi_status register_sock_diag(napi_env env, napi_value exports);
napi_status register_process_signal(napi_env env, napi_value exports);
napi_status register_sock_destroy(napi_env env, napi_value exports);

#endif
