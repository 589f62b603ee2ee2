{{/* Chart name and release-scoped full name. */}}
{{- define "gatehouse.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "gatehouse.fullname" -}}
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

{{/* Name of one service's objects. Call with (dict "root" $ "svc" "edge-proxy"). */}}
{{- define "gatehouse.svcName" -}}
{{- printf "%s-%s" (include "gatehouse.fullname" .root) .svc | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "gatehouse.selectorLabels" -}}
app.kubernetes.io/name: {{ include "gatehouse.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .svc }}
{{- end }}

{{- define "gatehouse.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{ include "gatehouse.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: gatehouse
{{- end }}

{{/* Labels of objects that belong to the release as a whole (Secrets). */}}
{{- define "gatehouse.commonLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "gatehouse.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: gatehouse
{{- end }}

{{/* Which services use what (mirrors each service's <service>.yml). */}}
{{- define "gatehouse.usesDatabase" -}}
{{- if has . (list "policy-service" "approval-service" "audit-service" "credential-vault") }}true{{ end }}
{{- end }}
{{- define "gatehouse.usesKafka" -}}
{{- if has . (list "edge-proxy" "policy-service" "audit-service" "credential-vault" "approval-service") }}true{{ end }}
{{- end }}
{{- define "gatehouse.isResourceServer" -}}
{{- if ne . "edge-proxy" }}true{{ end }}
{{- end }}

{{/* Secret names: the user's existingSecret, else the one this chart renders. */}}
{{- define "gatehouse.dbSecret" -}}
{{- .Values.postgresql.auth.existingSecret | default (printf "%s-db" (include "gatehouse.fullname" .)) }}
{{- end }}
{{- define "gatehouse.kafkaSecret" -}}
{{- .Values.kafka.sasl.existingSecret | default (printf "%s-kafka" (include "gatehouse.fullname" .)) }}
{{- end }}
{{- define "gatehouse.oidcSecret" -}}
{{- .Values.oidc.existingSecret | default (printf "%s-oidc-client" (include "gatehouse.fullname" .)) }}
{{- end }}
{{- define "gatehouse.maskingSecret" -}}
{{- .Values.proxy.masking.existingSecret | default (printf "%s-masking" (include "gatehouse.fullname" .)) }}
{{- end }}
{{- define "gatehouse.vaultKeysSecret" -}}
{{- .Values.vault.existingSecret | default (printf "%s-vault-keys" (include "gatehouse.fullname" .)) }}
{{- end }}
{{- define "gatehouse.auditSigningSecret" -}}
{{- .Values.audit.existingSecret | default (printf "%s-audit-signing" (include "gatehouse.fullname" .)) }}
{{- end }}
{{- define "gatehouse.kafkaSasl" -}}
{{- if hasPrefix "SASL_" .Values.kafka.securityProtocol }}true{{ end }}
{{- end }}

{{- define "gatehouse.jdbcUrl" -}}
{{- $root := .root }}
{{- with index $root.Values.postgresql.jdbcUrls .svc }}{{ . }}{{ else }}
{{- $db := index $root.Values.postgresql.databases .svc }}
{{- printf "jdbc:postgresql://%s:%v/%s" $root.Values.postgresql.host $root.Values.postgresql.port $db }}
{{- with $root.Values.postgresql.parameters }}?{{ . }}{{ end }}
{{- end }}
{{- end }}

{{- define "gatehouse.image" -}}
{{- printf "%s/%s:%s" .root.Values.image.registry .svc (.root.Values.image.tag | default .root.Chart.AppVersion) }}
{{- end }}

{{/*
The edge-proxy's other protocol listeners that are enabled, as a YAML list: the port name, the port, the
Secret with the key material every replica must share, where it is mounted and the value that names the
Secret (for the rendering error when it is missing).
*/}}
{{- define "gatehouse.protocolListeners" -}}
{{- $p := .Values.proxy -}}
{{- if $p.sshListener.enabled }}
- {name: ssh, port: {{ $p.sshListener.port }}, secret: {{ $p.sshListener.hostKey.existingSecret | quote }}, dir: /etc/gatehouse/ssh-host-key, value: proxy.sshListener.hostKey.existingSecret}
{{- end }}
{{- if $p.mysqlListener.enabled }}
- {name: mysql, port: {{ $p.mysqlListener.port }}, secret: {{ $p.mysqlListener.tls.existingSecret | quote }}, dir: /etc/gatehouse/mysql-tls, value: proxy.mysqlListener.tls.existingSecret}
{{- end }}
{{- if $p.kubernetesListener.enabled }}
- {name: kubernetes, port: {{ $p.kubernetesListener.port }}, secret: {{ $p.kubernetesListener.tls.existingSecret | quote }}, dir: /etc/gatehouse/kubernetes-tls, value: proxy.kubernetesListener.tls.existingSecret}
{{- end }}
{{- end }}
