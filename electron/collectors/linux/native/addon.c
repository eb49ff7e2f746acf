/*
 * The module's entry point: Node-API only (NAPI_VERSION 8), so one binary
 * loads in Node and in Electron's main process without a rebuild.
 */
#include "addon.h"

napi_status export_function(napi_env env, napi_value exports, const char *name, napi_callback callback) {
  napi_value fn;
  napi_status status = napi_create_function(env, name, NAPI_AUTO_LENGTH, callback, NULL, &fn);
  if (status != napi_ok) return status;
  return napi_set_named_property(env, exports, name, fn);
}

napi_value throw_type_error(napi_env env, const char *message) {
  napi_throw_type_error(env, NULL, message);
  return NULL;
}

bool typed_array_argument(napi_env env, napi_value value, napi_typedarray_type type, size_t *length,
                          void **data) {
  bool is_typed_array = false;
  napi_typedarray_type actual;
  return napi_is_typedarray(env, value, &is_typed_array) == napi_ok && is_typed_array &&
         napi_get_typedarray_info(env, value, &actual, length, data, NULL, NULL) == napi_ok && actual == type;
}

bool uint32_argument(napi_env env, napi_value value, uint32_t min, uint32_t max, const char *message,
                     uint32_t *out) {
  napi_valuetype type;
  double number = 0;
  if (napi_typeof(env, value, &type) != napi_ok || type != napi_number ||
      napi_get_value_double(env, value, &number) != napi_ok || number != number || number < min ||
      number > max || number != (double)(uint32_t)number) {
    throw_type_error(env, message);
    return false;
  }
  *out = (uint32_t)number;
  return true;
}

napi_value int32_value(napi_env env, int32_t value) {
  napi_value result;
  if (napi_create_int32(env, value, &result) != napi_ok) return NULL;
  return result;
}

NAPI_MODULE_INIT() {
  if (register_fd_scan(env, exports) != napi_ok) return NULL;
  if (register_sock_diag(env, exports) != napi_ok) return NULL;
  if (register_process_signal(env, exports) != napi_ok) return NULL;
  if (register_sock_destroy(env, exports) != napi_ok) return NULL;
  return exports;
}
