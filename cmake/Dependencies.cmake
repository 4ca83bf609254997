# Every dependency comes from a Debian 12 package (see scripts/install-deps.sh).
find_package(Threads REQUIRED)
find_package(Boost 1.81 REQUIRED CONFIG COMPONENTS json url system)
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
# rdkafka++ does not bring the C library along; the admin client uses the C API directly.
pkg_check_modules(RDKAFKA REQUIRED IMPORTED_TARGET rdkafka++)
pkg_check_modules(RDKAFKA_C REQUIRED IMPORTED_TARGET rdkafka)
pkg_check_modules(HIREDIS REQUIRED IMPORTED_TARGET hiredis)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
find_package(prometheus-cpp REQUIRED COMPONENTS core)
find_package(spdlog REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
# OpenSSL 3: JWT keys are built with EVP_PKEY_fromdata (src/platform/auth).
find_package(OpenSSL 3 REQUIRED)
find_package(GTest REQUIRED)
