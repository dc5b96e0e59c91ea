// The Open MPI binding of @eng/dist, in plain C over Node-API.
//
// Collectives run on libuv's thread pool (napi async work) and resolve a Promise, so the main thread (and
// TensorFlow.js) keeps working while MPI waits. The JavaScript side issues at most one collective at a time, in
// program order, so MPI_THREAD_SERIALIZED is enough: MPI is never entered by two threads at once.
// Buffers are typed arrays used in place; a reference keeps each one alive until its collective ends.
// Each collective also has a synchronous form (`allreduceSync`, ...) that runs on the calling thread and returns
// when MPI does: for the places that cannot wait for a Promise (a constructor, a training step inside tf.tidy). The
// JavaScript side only calls one while no asynchronous collective is in flight.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <mpi.h>
#include <node_api.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static MPI_Comm local_comm = MPI_COMM_NULL;

static napi_value throw_error(napi_env env, const char *code, const char *message) {
  napi_throw_error(env, code, message);
  return NULL;
}

#define NAPI_OK(env, call)                                                                      \
  do {                                                                                          \
    if ((call) != napi_ok) {                                                                    \
      const napi_extended_error_info *info_ = NULL;                                             \
      napi_get_last_error_info((env), &info_);                                                  \
      bool pending_ = false;                                                                    \
      napi_is_exception_pending((env), &pending_);                                              \
      if (!pending_)                                                                            \
        napi_throw_error((env), "ENG_MPI_NAPI",                                                 \
                         info_ && info_->error_message ? info_->error_message : "Node-API call failed"); \
      return NULL;                                                                              \
    }                                                                                           \
  } while (0)

static void mpi_error_text(int rc, const char *what, char *out, size_t size) {
  char text[MPI_MAX_ERROR_STRING];
  int len = 0;
  if (MPI_Error_string(rc, text, &len) != MPI_SUCCESS) snprintf(text, sizeof text, "MPI error %d", rc);
  snprintf(out, size, "%s failed: %s", what, text);
}

static int is_initialized(void) {
  int flag = 0;
  MPI_Initialized(&flag);
  return flag;
}

static int is_finalized(void) {
  int flag = 0;
  MPI_Finalized(&flag);
  return flag;
}

static napi_value make_int(napi_env env, int64_t v) {
  napi_value out;
  if (napi_create_int64(env, v, &out) != napi_ok) return NULL;
  return out;
}

static int set_int(napi_env env, napi_value obj, const char *key, int64_t v) {
  return napi_set_named_property(env, obj, key, make_int(env, v)) == napi_ok;
}

// The MPI datatype of a typed array's elements (0 when there is none).
static int datatype_of(napi_typedarray_type type, MPI_Datatype *out, int reducible) {
  switch (type) {
    case napi_int8_array: *out = MPI_SIGNED_CHAR; return 1;
    case napi_uint8_array: *out = MPI_UNSIGNED_CHAR; return 1;
    case napi_uint8_clamped_array: *out = MPI_UNSIGNED_CHAR; return !reducible;
    case napi_int16_array: *out = MPI_SHORT; return 1;
    case napi_uint16_array: *out = MPI_UNSIGNED_SHORT; return 1;
    case napi_int32_array: *out = MPI_INT; return 1;
    case napi_uint32_array: *out = MPI_UNSIGNED; return 1;
    case napi_float32_array: *out = MPI_FLOAT; return 1;
    case napi_float64_array: *out = MPI_DOUBLE; return 1;
    case napi_bigint64_array: *out = MPI_INT64_T; return 1;
    case napi_biguint64_array: *out = MPI_UINT64_T; return 1;
    default: return 0;
  }
}

typedef struct {
  void *data;
  size_t length;
  napi_typedarray_type type;
  MPI_Datatype datatype;
} view_t;

static int read_view(napi_env env, napi_value value, view_t *view, int reducible, const char *what) {
  bool is_typed = false;
  if (napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed) {
    char msg[128];
    snprintf(msg, sizeof msg, "%s: expected a typed array", what);
    napi_throw_type_error(env, "ENG_MPI_ARGUMENT", msg);
    return 0;
  }
  napi_value buffer;
  size_t offset;
  if (napi_get_typedarray_info(env, value, &view->type, &view->length, &view->data, &buffer, &offset) != napi_ok) {
    napi_throw_error(env, "ENG_MPI_ARGUMENT", "could not read the typed array");
    return 0;
  }
  if (!datatype_of(view->type, &view->datatype, reducible)) {
    char msg[128];
    snprintf(msg, sizeof msg, "%s: this typed array type has no MPI datatype%s", what, reducible ? " to reduce" : "");
    napi_throw_type_error(env, "ENG_MPI_ARGUMENT", msg);
    return 0;
  }
  if (view->length > (size_t)INT32_MAX) {
    napi_throw_range_error(env, "ENG_MPI_ARGUMENT", "more than 2^31 - 1 elements in one collective");
    return 0;
  }
  return 1;
}

// ---------------------------------------------------------------------------------------------------------------
// init, finalize, abort: synchronous, on the main thread.

static napi_value js_init(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  NAPI_OK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int32_t required = MPI_THREAD_SERIALIZED;
  if (argc >= 1) NAPI_OK(env, napi_get_value_int32(env, argv[0], &required));

  // Node opens addons without RTLD_GLOBAL; Open MPI's plugins (dlopen'ed by libmpi) need libmpi's symbols to be
  // global, so promote the already loaded libmpi before MPI_Init.
  Dl_info dl;
  if (dladdr((void *)&MPI_Init_thread, &dl) && dl.dli_fname) dlopen(dl.dli_fname, RTLD_NOW | RTLD_GLOBAL | RTLD_NOLOAD);

  if (is_finalized()) return throw_error(env, "ENG_MPI_FINALIZED", "MPI was already finalized in this process");
  int provided = 0;
  int already = is_initialized();
  int rc;
  if (!already) {
    rc = MPI_Init_thread(NULL, NULL, required, &provided);
    if (rc != MPI_SUCCESS) {
      char msg[MPI_MAX_ERROR_STRING + 64];
      mpi_error_text(rc, "MPI_Init_thread", msg, sizeof msg);
      return throw_error(env, "ENG_MPI_INIT", msg);
    }
  } else {
    MPI_Query_thread(&provided);
  }
  // Errors come back as return codes (and so as rejected Promises) instead of aborting inside MPI.
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  int rank = 0, size = 1, local_rank = 0, local_size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (local_comm == MPI_COMM_NULL) {
    rc = MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank, MPI_INFO_NULL, &local_comm);
    if (rc != MPI_SUCCESS) {
      char msg[MPI_MAX_ERROR_STRING + 64];
      mpi_error_text(rc, "MPI_Comm_split_type", msg, sizeof msg);
      return throw_error(env, "ENG_MPI_INIT", msg);
    }
  }
  MPI_Comm_rank(local_comm, &local_rank);
  MPI_Comm_size(local_comm, &local_size);

  char version[MPI_MAX_LIBRARY_VERSION_STRING];
  int version_len = 0;
  MPI_Get_library_version(version, &version_len);
  while (version_len > 0 && (version[version_len - 1] == '\n' || version[version_len - 1] == '\0')) version_len--;

  napi_value out, lib;
  NAPI_OK(env, napi_create_object(env, &out));
  if (!set_int(env, out, "rank", rank) || !set_int(env, out, "size", size) ||
      !set_int(env, out, "localRank", local_rank) || !set_int(env, out, "localSize", local_size) ||
      !set_int(env, out, "threadLevel", provided) || !set_int(env, out, "alreadyInitialized", already))
    return throw_error(env, "ENG_MPI_NAPI", "could not build the init result");
  NAPI_OK(env, napi_create_string_utf8(env, version, (size_t)version_len, &lib));
  NAPI_OK(env, napi_set_named_property(env, out, "library", lib));
  return out;
}

static napi_value js_finalize(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  int done = 0;
  if (is_initialized() && !is_finalized()) {
    if (local_comm != MPI_COMM_NULL) MPI_Comm_free(&local_comm);
    MPI_Finalize();
    done = 1;
  }
  NAPI_OK(env, napi_get_boolean(env, done, &result));
  return result;
}

static napi_value js_abort(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  NAPI_OK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int32_t code = 1;
  if (argc >= 1) napi_get_value_int32(env, argv[0], &code);
  fflush(stdout);
  fflush(stderr);
  if (is_initialized() && !is_finalized()) MPI_Abort(MPI_COMM_WORLD, code);
  exit(code);
  return NULL;
}

static napi_value js_state(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
  NAPI_OK(env, napi_create_object(env, &out));
  if (!set_int(env, out, "initialized", is_initialized()) || !set_int(env, out, "finalized", is_finalized()))
    return throw_error(env, "ENG_MPI_NAPI", "could not build the state");
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Collectives: napi async work, one Promise each.

typedef enum { OP_ALLREDUCE, OP_BCAST, OP_ALLGATHER, OP_ALLGATHERV, OP_BARRIER } op_kind;

typedef struct {
  op_kind kind;
  const char *name;
  napi_async_work work;
  napi_deferred deferred;
  napi_ref refs[2];
  void *send;
  void *recv;
  int count;
  MPI_Datatype datatype;
  MPI_Op op;
  int root;
  int *counts;
  int *displs;
  int mean;
  int rc;
} op_t;

// Divides the reduced elements by the world size ('mean'); integers are truncated toward zero.
static void divide_by_size(op_t *op) {
  int size = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  size_t n = (size_t)op->count;
#define ENG_DIVIDE(T)                                   \
  do {                                                  \
    T *v = op->send;                                    \
    for (size_t i = 0; i < n; i++) v[i] = (T)(v[i] / size); \
  } while (0)
  if (op->datatype == MPI_FLOAT) ENG_DIVIDE(float);
  else if (op->datatype == MPI_DOUBLE) ENG_DIVIDE(double);
  else if (op->datatype == MPI_INT) ENG_DIVIDE(int32_t);
  else if (op->datatype == MPI_UNSIGNED) ENG_DIVIDE(uint32_t);
  else if (op->datatype == MPI_SHORT) ENG_DIVIDE(int16_t);
  else if (op->datatype == MPI_UNSIGNED_SHORT) ENG_DIVIDE(uint16_t);
  else if (op->datatype == MPI_SIGNED_CHAR) ENG_DIVIDE(int8_t);
  else if (op->datatype == MPI_UNSIGNED_CHAR) ENG_DIVIDE(uint8_t);
  else if (op->datatype == MPI_INT64_T) ENG_DIVIDE(int64_t);
  else if (op->datatype == MPI_UINT64_T) ENG_DIVIDE(uint64_t);
#undef ENG_DIVIDE
}

static void op_execute(napi_env env, void *data) {
  (void)env;
  op_t *op = data;
  switch (op->kind) {
    case OP_ALLREDUCE:
      op->rc = MPI_Allreduce(MPI_IN_PLACE, op->send, op->count, op->datatype, op->op, MPI_COMM_WORLD);
      if (op->rc == MPI_SUCCESS && op->mean) divide_by_size(op);
      break;
    case OP_BCAST:
      op->rc = MPI_Bcast(op->send, op->count, op->datatype, op->root, MPI_COMM_WORLD);
      break;
    case OP_ALLGATHER:
      op->rc = MPI_Allgather(op->send, op->count, op->datatype, op->recv, op->count, op->datatype, MPI_COMM_WORLD);
      break;
    case OP_ALLGATHERV:
      op->rc = MPI_Allgatherv(op->send, op->count, op->datatype, op->recv, op->counts, op->displs, op->datatype,
                              MPI_COMM_WORLD);
      break;
    case OP_BARRIER:
      op->rc = MPI_Barrier(MPI_COMM_WORLD);
      break;
  }
}

static void free_op(op_t *op) {
  free(op->counts);
  free(op->displs);
  free(op);
}

// Frees an op that will not run and throws `message`.
static napi_value fail_op(napi_env env, op_t *op, const char *code, const char *message) {
  free_op(op);
  return throw_error(env, code, message);
}

static void op_complete(napi_env env, napi_status status, void *data) {
  op_t *op = data;
  for (int i = 0; i < 2; i++)
    if (op->refs[i]) napi_delete_reference(env, op->refs[i]);
  napi_value value;
  if (status != napi_ok || op->rc != MPI_SUCCESS) {
    char msg[MPI_MAX_ERROR_STRING + 64];
    if (status != napi_ok) snprintf(msg, sizeof msg, "%s was cancelled", op->name);
    else mpi_error_text(op->rc, op->name, msg, sizeof msg);
    napi_value text, code, error;
    napi_create_string_utf8(env, msg, NAPI_AUTO_LENGTH, &text);
    napi_create_string_utf8(env, "ENG_MPI_COLLECTIVE", NAPI_AUTO_LENGTH, &code);
    napi_create_error(env, code, text, &error);
    napi_reject_deferred(env, op->deferred, error);
  } else {
    napi_get_undefined(env, &value);
    napi_resolve_deferred(env, op->deferred, value);
  }
  napi_delete_async_work(env, op->work);
  free_op(op);
}

static int check_ready(napi_env env) {
  if (!is_initialized() || is_finalized()) {
    napi_throw_error(env, "ENG_MPI_NOT_INITIALIZED", "MPI is not initialized (or already finalized) in this process");
    return 0;
  }
  return 1;
}

// The synchronous form: runs the collective here and throws what the Promise would reject with.
static napi_value run_now(napi_env env, op_t *op) {
  op_execute(env, op);
  int rc = op->rc;
  char msg[MPI_MAX_ERROR_STRING + 64];
  if (rc != MPI_SUCCESS) mpi_error_text(rc, op->name, msg, sizeof msg);
  free_op(op);
  if (rc != MPI_SUCCESS) return throw_error(env, "ENG_MPI_COLLECTIVE", msg);
  napi_value undefined;
  napi_get_undefined(env, &undefined);
  return undefined;
}

static napi_value start(napi_env env, op_t *op, napi_value *keep, int nkeep, int sync) {
  if (sync) return run_now(env, op);
  napi_value promise, name;
  for (int i = 0; i < nkeep; i++) {
    if (napi_create_reference(env, keep[i], 1, &op->refs[i]) != napi_ok) {
      for (int j = 0; j < i; j++) napi_delete_reference(env, op->refs[j]);
      return fail_op(env, op, "ENG_MPI_NAPI", "could not keep the buffer alive");
    }
  }
  napi_create_string_utf8(env, op->name, NAPI_AUTO_LENGTH, &name);
  NAPI_OK(env, napi_create_promise(env, &op->deferred, &promise));
  NAPI_OK(env, napi_create_async_work(env, NULL, name, op_execute, op_complete, op, &op->work));
  NAPI_OK(env, napi_queue_async_work(env, op->work));
  return promise;
}

// Reads the `n` arguments of a collective into argv: 0, with an exception pending, when MPI is not ready or some
// are missing (`usage` says what it takes).
static int collective_args(napi_env env, napi_callback_info info, napi_value *argv, size_t n, const char *usage) {
  size_t argc = n;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) {
    napi_throw_error(env, "ENG_MPI_NAPI", "could not read the arguments");
    return 0;
  }
  if (!check_ready(env)) return 0;
  if (argc < n) {
    napi_throw_error(env, "ENG_MPI_ARGUMENT", usage);
    return 0;
  }
  return 1;
}

static op_t *new_op(op_kind kind, const char *name) {
  op_t *op = calloc(1, sizeof *op);
  if (op) {
    op->kind = kind;
    op->name = name;
  }
  return op;
}

// allreduce(typedArray, op): 0 sum, 1 max, 2 min, 3 product, 4 mean (the sum divided by the world size). In place.
static napi_value allreduce_impl(napi_env env, napi_callback_info info, int sync) {
  napi_value argv[2];
  if (!collective_args(env, info, argv, 2, "allreduce(array, op)")) return NULL;
  view_t view;
  if (!read_view(env, argv[0], &view, 1, "allreduce")) return NULL;
  int32_t which = 0;
  NAPI_OK(env, napi_get_value_int32(env, argv[1], &which));
  MPI_Op mop;
  switch (which) {
    case 0: mop = MPI_SUM; break;
    case 1: mop = MPI_MAX; break;
    case 2: mop = MPI_MIN; break;
    case 3: mop = MPI_PROD; break;
    case 4: mop = MPI_SUM; break;
    default: return throw_error(env, "ENG_MPI_ARGUMENT", "allreduce: unknown reduce op");
  }
  op_t *op = new_op(OP_ALLREDUCE, "MPI_Allreduce");
  if (!op) return throw_error(env, "ENG_MPI_NOMEM", "out of memory");
  op->send = view.data;
  op->count = (int)view.length;
  op->datatype = view.datatype;
  op->op = mop;
  op->mean = which == 4;
  return start(env, op, argv, 1, sync);
}

// bcast(typedArray, root). In place.
static napi_value bcast_impl(napi_env env, napi_callback_info info, int sync) {
  napi_value argv[2];
  if (!collective_args(env, info, argv, 2, "bcast(array, root)")) return NULL;
  view_t view;
  if (!read_view(env, argv[0], &view, 0, "bcast")) return NULL;
  int32_t root = 0;
  NAPI_OK(env, napi_get_value_int32(env, argv[1], &root));
  op_t *op = new_op(OP_BCAST, "MPI_Bcast");
  if (!op) return throw_error(env, "ENG_MPI_NOMEM", "out of memory");
  op->send = view.data;
  op->count = (int)view.length;
  op->datatype = view.datatype;
  op->root = root;
  return start(env, op, argv, 1, sync);
}

// allgather(send, recv): recv holds size * send.length elements of the same type, rank by rank.
static napi_value allgather_impl(napi_env env, napi_callback_info info, int sync) {
  napi_value argv[2];
  if (!collective_args(env, info, argv, 2, "allgather(send, recv)")) return NULL;
  view_t send, recv;
  if (!read_view(env, argv[0], &send, 0, "allgather") || !read_view(env, argv[1], &recv, 0, "allgather"))
    return NULL;
  int size = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (send.type != recv.type || recv.length != send.length * (size_t)size)
    return throw_error(env, "ENG_MPI_ARGUMENT", "allgather: recv must be of the send type and size times as long");
  op_t *op = new_op(OP_ALLGATHER, "MPI_Allgather");
  if (!op) return throw_error(env, "ENG_MPI_NOMEM", "out of memory");
  op->send = send.data;
  op->recv = recv.data;
  op->count = (int)send.length;
  op->datatype = send.datatype;
  return start(env, op, argv, 2, sync);
}

// allgatherv(send, recv, counts): counts (an Int32Array of world size) says how many elements each rank sends.
static napi_value allgatherv_impl(napi_env env, napi_callback_info info, int sync) {
  napi_value argv[3];
  if (!collective_args(env, info, argv, 3, "allgatherv(send, recv, counts)")) return NULL;
  view_t send, recv, counts;
  if (!read_view(env, argv[0], &send, 0, "allgatherv") || !read_view(env, argv[1], &recv, 0, "allgatherv") ||
      !read_view(env, argv[2], &counts, 0, "allgatherv"))
    return NULL;
  int size = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (counts.type != napi_int32_array || counts.length != (size_t)size || send.type != recv.type)
    return throw_error(env, "ENG_MPI_ARGUMENT", "allgatherv: counts must be an Int32Array of world size");
  op_t *op = new_op(OP_ALLGATHERV, "MPI_Allgatherv");
  if (!op) return throw_error(env, "ENG_MPI_NOMEM", "out of memory");
  op->counts = malloc(sizeof(int) * (size_t)size);
  op->displs = malloc(sizeof(int) * (size_t)size);
  if (!op->counts || !op->displs) {
    return fail_op(env, op, "ENG_MPI_NOMEM", "out of memory");
  }
  int64_t total = 0;
  const int32_t *c = counts.data;
  int me = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &me);
  if ((size_t)c[me] != send.length) {
    return fail_op(env, op, "ENG_MPI_ARGUMENT", "allgatherv: counts[rank] must be the length of send");
  }
  for (int i = 0; i < size; i++) {
    op->counts[i] = c[i];
    op->displs[i] = (int)total;
    total += c[i];
  }
  if (total != (int64_t)recv.length || total > INT32_MAX) {
    return fail_op(env, op, "ENG_MPI_ARGUMENT", "allgatherv: recv must hold the sum of counts");
  }
  op->send = send.data;
  op->recv = recv.data;
  op->count = (int)send.length;
  op->datatype = send.datatype;
  return start(env, op, argv, 2, sync);
}

static napi_value barrier_impl(napi_env env, napi_callback_info info, int sync) {
  (void)info;
  if (!check_ready(env)) return NULL;
  op_t *op = new_op(OP_BARRIER, "MPI_Barrier");
  if (!op) return throw_error(env, "ENG_MPI_NOMEM", "out of memory");
  return start(env, op, NULL, 0, sync);
}

static napi_value js_allreduce(napi_env env, napi_callback_info info) { return allreduce_impl(env, info, 0); }
static napi_value js_allreduce_sync(napi_env env, napi_callback_info info) { return allreduce_impl(env, info, 1); }
static napi_value js_bcast(napi_env env, napi_callback_info info) { return bcast_impl(env, info, 0); }
static napi_value js_bcast_sync(napi_env env, napi_callback_info info) { return bcast_impl(env, info, 1); }
static napi_value js_allgather(napi_env env, napi_callback_info info) { return allgather_impl(env, info, 0); }
static napi_value js_allgather_sync(napi_env env, napi_callback_info info) { return allgather_impl(env, info, 1); }
static napi_value js_allgatherv(napi_env env, napi_callback_info info) { return allgatherv_impl(env, info, 0); }
static napi_value js_allgatherv_sync(napi_env env, napi_callback_info info) { return allgatherv_impl(env, info, 1); }
static napi_value js_barrier(napi_env env, napi_callback_info info) { return barrier_impl(env, info, 0); }
static napi_value js_barrier_sync(napi_env env, napi_callback_info info) { return barrier_impl(env, info, 1); }

static napi_value module_init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"init", NULL, js_init, NULL, NULL, NULL, napi_default, NULL},
      {"finalize", NULL, js_finalize, NULL, NULL, NULL, napi_default, NULL},
      {"abort", NULL, js_abort, NULL, NULL, NULL, napi_default, NULL},
      {"state", NULL, js_state, NULL, NULL, NULL, napi_default, NULL},
      {"allreduce", NULL, js_allreduce, NULL, NULL, NULL, napi_default, NULL},
      {"bcast", NULL, js_bcast, NULL, NULL, NULL, napi_default, NULL},
      {"allgather", NULL, js_allgather, NULL, NULL, NULL, napi_default, NULL},
      {"allgatherv", NULL, js_allgatherv, NULL, NULL, NULL, napi_default, NULL},
      {"barrier", NULL, js_barrier, NULL, NULL, NULL, napi_default, NULL},
      {"allreduceSync", NULL, js_allreduce_sync, NULL, NULL, NULL, napi_default, NULL},
      {"bcastSync", NULL, js_bcast_sync, NULL, NULL, NULL, napi_default, NULL},
      {"allgatherSync", NULL, js_allgather_sync, NULL, NULL, NULL, napi_default, NULL},
      {"allgathervSync", NULL, js_allgatherv_sync, NULL, NULL, NULL, napi_default, NULL},
      {"barrierSync", NULL, js_barrier_sync, NULL, NULL, NULL, napi_default, NULL},
  };
  NAPI_OK(env, napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
  napi_value levels;
  NAPI_OK(env, napi_create_object(env, &levels));
  if (!set_int(env, levels, "single", MPI_THREAD_SINGLE) || !set_int(env, levels, "funneled", MPI_THREAD_FUNNELED) ||
      !set_int(env, levels, "serialized", MPI_THREAD_SERIALIZED) ||
      !set_int(env, levels, "multiple", MPI_THREAD_MULTIPLE))
    return NULL;
  NAPI_OK(env, napi_set_named_property(env, exports, "threadLevels", levels));
  return exports;
}

NAPI_MODULE(eng_mpi, module_init)
