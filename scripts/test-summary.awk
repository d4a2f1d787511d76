# One closing line over all test assemblies and script tests, in the plain form CI reads ("N passed, N failed, N
# skipped"), from dotnet test's result lines; sp and sf are the script tests' passes and failures.
# Usage: awk -v sp=5 -v sf=0 -f scripts/test-summary.awk test.log
# The count after each label is copied before its comma is taken off: writing to $(NF+1) adds a field, and under gawk
# a loop up to NF then never ends (it did, when gawk became this machine's awk).
/(Passed|Failed)! +- Failed:/ {
  for (i = 1; i < NF; i++) {
    n = $(i + 1)
    gsub(",", "", n)
    if ($i == "Failed:") f += n
    if ($i == "Passed:") p += n
    if ($i == "Skipped:") s += n
  }
}
END { printf "%d passed, %d failed, %d skipped\n", p + sp, f + sf, s }
