{{/* Names ------------------------------------------------------------------------------------------------ */}}

{{- define "webrtc-ims.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* <release>-webrtc-ims, or the release name when it already contains the chart name */}}
{{- define "webrtc-ims.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* the name of a component's resources: (dict "root" $ "component" "hss") */}}
{{- define "webrtc-ims.componentName" -}}
{{- printf "%s-%s" (include "webrtc-ims.fullname" .root) .component }}
{{- end }}

{{/* Labels ----------------------------------------------------------------------------------------------- */}}

{{- define "webrtc-ims.selectorLabels" -}}
app.kubernetes.io/name: {{ include "webrtc-ims.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "webrtc-ims.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{ include "webrtc-ims.selectorLabels" . }}
app.kubernetes.io/part-of: webrtc-ims
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end }}

{{/* a NetworkPolicy peer: the pods of one component of this release */}}
{{- define "webrtc-ims.peer" -}}
- podSelector:
    matchLabels:
      {{- include "webrtc-ims.selectorLabels" . | nindent 6 }}
{{- end }}

{{/* Images and JVM --------------------------------------------------------------------------------------- */}}

{{/* (dict "root" $ "module" "hss-service") */}}
{{- define "webrtc-ims.image" -}}
{{- $image := .root.Values.image }}
{{- $repository := printf "%s%s" $image.repositoryPrefix .module }}
{{- if $image.registry }}
{{- $repository = printf "%s/%s" (trimSuffix "/" $image.registry) $repository }}
{{- end }}
{{- printf "%s:%s" $repository (default .root.Chart.AppVersion $image.tag) }}
{{- end }}

{{/* Secrets ---------------------------------------------------------------------------------------------- */}}

{{- define "webrtc-ims.secretName" -}}
{{- default (printf "%s-secrets" (include "webrtc-ims.fullname" .)) .Values.secrets.existingSecret }}
{{- end }}

{{/* an env var from the release's secret: (dict "root" $ "name" "HSS_AVPROXY_TOKEN" "key" "proxy-hss-token") */}}
{{- define "webrtc-ims.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ include "webrtc-ims.secretName" .root }}
      key: {{ .key }}
{{- end }}

{{/* Database --------------------------------------------------------------------------------------------- */}}

{{- define "webrtc-ims.postgresqlHost" -}}
{{- if .Values.postgresql.enabled }}
{{- include "webrtc-ims.componentName" (dict "root" . "component" "postgresql") }}
{{- else }}
{{- .Values.database.host }}
{{- end }}
{{- end }}

{{/* the JDBC URL of a service's database: (dict "root" $ "db" "hss") */}}
{{- define "webrtc-ims.jdbcUrl" -}}
{{- $db := index .root.Values.database .db }}
{{- $url := printf "jdbc:postgresql://%s:%d/%s" (include "webrtc-ims.postgresqlHost" .root) (int .root.Values.database.port) $db.name }}
{{- if .root.Values.database.jdbcParameters }}
{{- $url = printf "%s?%s" $url .root.Values.database.jdbcParameters }}
{{- end }}
{{- $url }}
{{- end }}

{{/* the database login of a service as env vars: (dict "root" $ "db" "hss" "role" "hss") */}}
{{- define "webrtc-ims.databaseEnv" -}}
{{- $db := index .root.Values.database .db }}
{{- if .root.Values.postgresql.enabled }}
- name: SPRING_DATASOURCE_USERNAME
  value: {{ .role | quote }}
- name: SPRING_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "webrtc-ims.componentName" (dict "root" .root "component" "postgresql") }}
      key: {{ printf "%s-password" .role | replace "_" "-" }}
{{- else }}
- name: SPRING_DATASOURCE_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ $db.existingSecret }}
      key: {{ $db.usernameKey }}
- name: SPRING_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $db.existingSecret }}
      key: {{ $db.passwordKey }}
{{- end }}
{{- end }}

{{/* Stable SIP names ------------------------------------------------------------------------------------- */}}

{{/* <fullname>-scscf-headless.<namespace>.svc.<clusterDomain> */}}
{{- define "webrtc-ims.scscfDomain" -}}
{{- printf "%s-headless.%s.svc.%s" (include "webrtc-ims.componentName" (dict "root" . "component" "scscf")) .Release.Namespace .Values.clusterDomain }}
{{- end }}

{{- define "webrtc-ims.epcscfDomain" -}}
{{- printf "%s-headless.%s.svc.%s" (include "webrtc-ims.componentName" (dict "root" . "component" "ep-cscf")) .Release.Namespace .Values.clusterDomain }}
{{- end }}

{{/* Pod and container pieces shared by every service ----------------------------------------------------- */}}

{{/* (dict "root" $ "values" .Values.hss): scheduling, security, volumes */}}
{{- define "webrtc-ims.podCommon" -}}
automountServiceAccountToken: false
{{- with .root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .root.Values.podSecurityContext | nindent 2 }}
{{- with .values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* (dict "root" $ "values" .Values.hss): probes go to the container port named "management" (plain HTTP, the
       service's management.server.port: actuator is not on the API/WebSocket port) */}}
{{- define "webrtc-ims.containerCommon" -}}
imagePullPolicy: {{ .root.Values.image.pullPolicy }}
securityContext:
  {{- toYaml .root.Values.containerSecurityContext | nindent 2 }}
resources:
  {{- toYaml .values.resources | nindent 2 }}
startupProbe:
  httpGet:
    path: /actuator/health/liveness
    port: management
    scheme: HTTP
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 48
livenessProbe:
  httpGet:
    path: /actuator/health/liveness
    port: management
    scheme: HTTP
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: /actuator/health/readiness
    port: management
    scheme: HTTP
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 3
volumeMounts:
  - name: tmp
    mountPath: /tmp
{{- end }}

{{/* env every service container has first: pod identity (for $(POD_NAME) references) and JVM options */}}
{{- define "webrtc-ims.baseEnv" -}}
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_IP
  valueFrom:
    fieldRef:
      fieldPath: status.podIP
- name: JAVA_TOOL_OPTIONS
  value: {{ default .root.Values.jvmOptions .values.jvmOptions | quote }}
{{- end }}

{{- define "webrtc-ims.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: 64Mi
{{- end }}

{{/* PodDisruptionBudget of a workload: (dict "root" $ "component" "hss") */}}
{{- define "webrtc-ims.pdb" -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "webrtc-ims.componentName" . }}
  labels:
    {{- include "webrtc-ims.labels" . | nindent 4 }}
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      {{- include "webrtc-ims.selectorLabels" . | nindent 6 }}
{{- end }}

{{/* HorizontalPodAutoscaler of a Deployment: (dict "root" $ "component" "hss" "values" .Values.hss) */}}
{{- define "webrtc-ims.hpa" -}}
{{- if .values.autoscaling.enabled }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "webrtc-ims.componentName" . }}
  labels:
    {{- include "webrtc-ims.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "webrtc-ims.componentName" . }}
  minReplicas: {{ .values.autoscaling.minReplicas }}
  maxReplicas: {{ .values.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .values.autoscaling.targetCPUUtilizationPercentage }}
{{- end }}
{{- end }}

{{/* ConfigMap of a service's non-secret settings: (dict "root" $ "component" "hss" "data" (dict ...)) */}}
{{- define "webrtc-ims.configMap" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "webrtc-ims.componentName" . }}
  labels:
    {{- include "webrtc-ims.labels" . | nindent 4 }}
data:
  {{- range $key, $value := .data }}
  {{ $key }}: {{ $value | toString | quote }}
  {{- end }}
{{- end }}

{{/* NetworkPolicy peers ---------------------------------------------------------------------------------- */}}

{{- /* peers allowed on every HTTP port besides the callers named per service: the helm test pod, the metrics
       scraper. Kubelet probes come from the node and are not subject to these policies on common CNIs. */}}
{{- define "webrtc-ims.observers" -}}
- podSelector:
    matchLabels:
      {{- include "webrtc-ims.selectorLabels" (dict "root" .root "component" "helm-test") | nindent 6 }}
{{- if .root.Values.networkPolicy.metricsNamespace }}
- namespaceSelector:
    matchLabels:
      kubernetes.io/metadata.name: {{ .root.Values.networkPolicy.metricsNamespace }}
{{- end }}
{{- end }}
{{- define "webrtc-ims.admins" -}}
- namespaceSelector:
    matchLabels:
      kubernetes.io/metadata.name: {{ .root.Values.networkPolicy.adminNamespace }}
{{- end }}
