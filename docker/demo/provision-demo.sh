#!/bin/sh
# Demo provisioning (docker compose --profile demo up): one WWSF, one subscription with a SIP and a tel IMPU, the
# web identity mapping and the user's synced digest credential, all through the public APIs exactly as an
# operator (HSS admin API) and a third-party web authentication service (proxy sync API) would. POSIX sh + curl
# (runs in the curlimages/curl image). Running it again changes nothing but the credential version.
set -eu

: "${HSS_URL:?}" "${PROXY_URL:?}" "${HSS_ADMIN_TOKEN:?}" "${PROXY_ADMIN_TOKEN:?}"
: "${DEMO_WWSF:?}" "${DEMO_ORIGINS:?}" "${DEMO_WEB_IDENTITY:?}" "${DEMO_PASSWORD:?}" "${DEMO_IMPU:?}"
: "${DEMO_TEL_IMPU:?}" "${DEMO_SUBSCRIPTION:?}"

for value in "$DEMO_WWSF" "$DEMO_ORIGINS" "$DEMO_WEB_IDENTITY" "$DEMO_PASSWORD" "$DEMO_IMPU" "$DEMO_TEL_IMPU" \
             "$DEMO_SUBSCRIPTION"; do
    case "$value" in
        *'"'*|*'\'*) echo "demo: values must not contain \" or \\" >&2; exit 1 ;;
    esac
done

# call METHOD URL TOKEN BODY ACCEPTED_STATUSES...: prints the answer, fails on any other status
call() {
    method="$1"; url="$2"; token="$3"; body="$4"; shift 4
    status=$(curl -sS -o /tmp/demo-answer -w '%{http_code}' -X "$method" "$url" \
        -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data "$body") || status=000
    for accepted in "$@"; do
        if [ "$status" = "$accepted" ]; then
            echo "demo: $method $url -> $status"
            return 0
        fi
    done
    echo "demo: $method $url -> $status (expected $*):" >&2
    cat /tmp/demo-answer >&2 2>/dev/null || true
    echo >&2
    exit 1
}

origins=$(printf '%s' "$DEMO_ORIGINS" | sed 's/ //g; s/,/","/g')
call PUT "$HSS_URL/admin/v1/wwsfs/$DEMO_WWSF" "$HSS_ADMIN_TOKEN" \
    "{\"origins\":[\"$origins\"],\"algorithmPolicy\":\"md5-only\"}" 200 201

call PUT "$HSS_URL/admin/v1/subscriptions/$DEMO_SUBSCRIPTION" "$HSS_ADMIN_TOKEN" \
    "{\"impus\":[{\"identity\":\"$DEMO_IMPU\",\"default\":true},{\"identity\":\"$DEMO_TEL_IMPU\"}],\"allowedWwsfs\":[\"$DEMO_WWSF\"]}" \
    200 201

# 409 MAPPING_EXISTS: provisioned by an earlier run
call POST "$HSS_URL/admin/v1/web-identity-mappings" "$HSS_ADMIN_TOKEN" \
    "{\"wwsfIdentity\":\"$DEMO_WWSF\",\"webIdentity\":\"$DEMO_WEB_IDENTITY\",\"impu\":\"$DEMO_IMPU\",\"subscriptionId\":\"$DEMO_SUBSCRIPTION\"}" \
    201 409

# H(A1) = H(web identity ":" realm ":" password); the realm is the WWSF identity (profile D4). The password never
# leaves this container: only its H(A1)s are synced, as the third-party web authentication service would.
md5_ha1=$(printf '%s' "$DEMO_WEB_IDENTITY:$DEMO_WWSF:$DEMO_PASSWORD" | md5sum | cut -d' ' -f1)
sha256_ha1=$(printf '%s' "$DEMO_WEB_IDENTITY:$DEMO_WWSF:$DEMO_PASSWORD" | sha256sum | cut -d' ' -f1)
version=$(date +%s)
call PUT "$PROXY_URL/sync/v1/credentials" "$PROXY_ADMIN_TOKEN" \
    "{\"wwsfIdentity\":\"$DEMO_WWSF\",\"webIdentity\":\"$DEMO_WEB_IDENTITY\",\"realm\":\"$DEMO_WWSF\",\"vectors\":[{\"algorithm\":\"MD5\",\"ha1\":\"$md5_ha1\"},{\"algorithm\":\"SHA-256\",\"ha1\":\"$sha256_ha1\"}],\"credentialVersion\":$version}" \
    200 201

cat <<INFO
demo: provisioned.
  WebSocket:        ws://127.0.0.1:8094/sip (subprotocol "sip"), Origin one of: $DEMO_ORIGINS
  WWSF identity:    $DEMO_WWSF (digest realm)
  Web identity:     $DEMO_WEB_IDENTITY (digest username)
  Password:         DEMO_PASSWORD in .env
  IMPU:             $DEMO_IMPU
  REGISTER header:  WebRTC-Web-Identity: "$DEMO_WEB_IDENTITY";wwsf="$DEMO_WWSF"
  The eP-CSCF accepts a newly provisioned WWSF's origins after its next WWSF list refresh (15 s in compose).
INFO
